// jstat ships no types (and @types/jstat is not on the registry here): the part we call.
declare module 'jstat' {
  const jstat: {
    jStat: {
      normal: {
        inv(p: number, mean: number, sd: number): number;
        cdf(x: number, mean: number, sd: number): number;
      };
      normalci(value: number, alpha: number, sd: number, n: number): [number, number];
    };
  };
  export default jstat;
}

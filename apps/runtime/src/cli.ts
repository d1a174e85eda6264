console.log('crossroads runtime: not built yet');

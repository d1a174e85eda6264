/** The Crossroads mark: two paths crossing. */
export function Logo({ compact = false }: { compact?: boolean }) {
  return (
    <span className="logo">
      <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true">
        <rect width="24" height="24" rx="6" fill="#4f46e5" />
        <path
          d="M7 6v4a4 4 0 0 0 4 4h6M17 6v4a4 4 0 0 1-4 4H7"
          stroke="#fff"
          strokeWidth="2"
          fill="none"
          strokeLinecap="round"
        />
        <path d="M12 14v4" stroke="#c7d2fe" strokeWidth="2" strokeLinecap="round" />
      </svg>
      {!compact && <span className="logo__text">Crossroads</span>}
    </span>
  );
}

const STORAGE_KEY = 'crossroads.apiKey';

/**
 * Signs in from a `#key=<apiKey>` link (as the start command prints it): stores the key and strips
 * it from the address bar so it does not linger in history or screenshots. Returns the stored key.
 */
export function adoptKeyFromHash(
  location: Location = window.location,
  history: History = window.history,
): string | null {
  const match = /(?:^#|&)key=([^&]+)/.exec(location.hash);
  if (match?.[1]) {
    storeKey(decodeURIComponent(match[1]));
    history.replaceState(history.state, '', location.pathname + location.search);
  }
  return storedKey();
}

export function storedKey(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function storeKey(key: string): void {
  localStorage.setItem(STORAGE_KEY, key.trim());
}

export function forgetKey(): void {
  localStorage.removeItem(STORAGE_KEY);
}

import { useEffect, useRef, useState } from 'preact/hooks';
import { messageOf } from './api.js';

export interface Fetched<T> {
  readonly data: T | null;
  readonly error: string | null;
  readonly loading: boolean;
}

/**
 * Runs `load` whenever `key` changes (a string naming everything it depends on) and keeps the last
 * answer on screen while the next one is on its way; a superseded answer is dropped.
 */
export function useFetch<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): Fetched<T> {
  const [state, setState] = useState<Fetched<T>>({ data: null, error: null, loading: key !== null });
  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    load(controller.signal).then(
      (data) => controller.signal.aborted || setState({ data, error: null, loading: false }),
      (e) => controller.signal.aborted || setState((s) => ({ data: s.data, error: messageOf(e), loading: false })),
    );
    return () => controller.abort();
  }, [key]);
  return state;
}

/**
 * `value`, but changing at most once per `ms`: views that reload on every live change (the summary,
 * search results) follow a busy project without flooding the server.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const wait = Math.max(0, last.current + ms - Date.now());
    const timer = setTimeout(() => {
      last.current = Date.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, shown]);
  return shown;
}

import { useEffect, useRef, useState } from "react";
import type { ApiError } from "../api/client";

export type Load<T> = { state: "loading" } | { state: "error"; error: ApiError } | { state: "ready"; data: T };

/**
 * Runs `load` whenever `key` changes (and on reload); exposes loading / error / ready. A reload keeps showing the last
 * data until the new answer arrives; answers to superseded loads are dropped.
 */
export function useLoad<T>(load: () => Promise<T>, key: string): [Load<T>, () => void] {
  const [result, setResult] = useState<Load<T>>({ state: "loading" });
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);
  const loader = useRef(load);
  loader.current = load;
  useEffect(() => {
    const mine = ++latest.current;
    setResult((previous) => (previous.state === "ready" ? previous : { state: "loading" }));
    loader.current().then(
      (data) => mine === latest.current && setResult({ state: "ready", data }),
      (error: ApiError) => mine === latest.current && setResult({ state: "error", error }),
    );
  }, [key, attempt]);
  return [result, () => setAttempt((a) => a + 1)];
}

/** useLoad that loads again every 2 s while `busy(data)` holds (a sync running, events waiting); the second value loads again now. */
export function usePolledLoad<T>(load: () => Promise<T>, busy: (data: T) => boolean): [Load<T>, () => void] {
  const [tick, setTick] = useState(0);
  const [result] = useLoad(load, String(tick));
  const polling = result.state === "ready" && busy(result.data);
  useEffect(() => {
    if (!polling) return;
    const timer = setTimeout(() => setTick((t) => t + 1), 2000);
    return () => clearTimeout(timer);
  }, [polling, result]);
  return [result, () => setTick((t) => t + 1)];
}

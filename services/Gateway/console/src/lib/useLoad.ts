import { useCallback, useEffect, useRef, useState } from "react";
import type { ApiError } from "../api/client";

export type Load<T> = { state: "loading" } | { state: "error"; error: ApiError } | { state: "ready"; data: T };

/** Runs `load` whenever `key` changes; exposes loading / error / ready and a reload. Stale answers are dropped. */
export function useLoad<T>(load: () => Promise<T>, key: string): [Load<T>, () => void] {
  const [result, setResult] = useState<Load<T>>({ state: "loading" });
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);
  const run = useCallback(load, [key, attempt]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    const mine = ++latest.current;
    setResult((previous) => (previous.state === "ready" ? previous : { state: "loading" }));
    run().then(
      (data) => mine === latest.current && setResult({ state: "ready", data }),
      (error: ApiError) => mine === latest.current && setResult({ state: "error", error }),
    );
  }, [run]);
  return [result, () => setAttempt((a) => a + 1)];
}

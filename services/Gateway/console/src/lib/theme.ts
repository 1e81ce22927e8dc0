import { useEffect, useState } from "react";

export type Theme = "light" | "dark";

/** The OS preference until the person picks one; the pick (not a secret) is remembered in localStorage. */
export function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>(() => {
    const saved = localStorage.getItem("thalian-theme");
    if (saved === "light" || saved === "dark") return saved;
    return window.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  });
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return [theme, () => setTheme((t) => {
    const next = t === "dark" ? "light" : "dark";
    localStorage.setItem("thalian-theme", next);
    return next;
  })];
}

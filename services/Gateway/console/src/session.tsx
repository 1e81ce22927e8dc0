import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { api, call, setCsrfToken, whenSignedOut, type Session } from "./api/client";

interface SessionState {
  session: Session | null;
  checking: boolean;
  isAdmin: boolean;
  signInWithKey: (key: string) => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}

/** Who is signed in. The API key is sent once, to create the session cookie, and is never stored by the page. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [checking, setChecking] = useState(true);

  const adopt = useCallback((next: Session | null) => {
    setCsrfToken(next?.csrfToken);
    setSession(next);
  }, []);

  useEffect(() => {
    whenSignedOut(() => adopt(null));
    api.GET("/api/v1/session").then(
      ({ data }) => adopt(data ?? null),
      () => adopt(null),
    ).finally(() => setChecking(false));
  }, [adopt]);

  const signInWithKey = useCallback(async (key: string) => {
    adopt(await call(api.POST("/api/v1/session", { headers: { Authorization: `Bearer ${key.trim()}` } })));
  }, [adopt]);

  const signOut = useCallback(async () => {
    await api.DELETE("/api/v1/session").catch(() => undefined);
    adopt(null);
  }, [adopt]);

  return (
    <SessionContext.Provider value={{ session, checking, isAdmin: session?.role === "admin", signInWithKey, signOut }}>
      {children}
    </SessionContext.Provider>
  );
}

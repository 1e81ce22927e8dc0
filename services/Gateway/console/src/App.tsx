import { NavLink, Navigate, Route, Routes, useLocation } from "react-router-dom";
import { useSession } from "./session";
import { useTheme } from "./lib/theme";
import { SignIn } from "./pages/SignIn";
import { Overview } from "./pages/Overview";
import { Findings } from "./pages/Findings";
import { FindingDetail } from "./pages/FindingDetail";
import { Identities } from "./pages/Identities";
import { IdentityDetail } from "./pages/IdentityDetail";
import { Integrations } from "./pages/Integrations";
import { Settings } from "./pages/Settings";
import { Loading } from "./components/States";

const sections = [
  { to: "/", label: "Overview", end: true },
  { to: "/findings", label: "Findings" },
  { to: "/identities", label: "Identities" },
  { to: "/integrations", label: "Integrations" },
  { to: "/settings", label: "Settings" },
];

export function App() {
  const { session, checking, signOut } = useSession();
  const [theme, toggleTheme] = useTheme();
  const location = useLocation();

  if (checking) return <main className="centered"><Loading what="your session" /></main>;
  if (!session) {
    return location.pathname === "/signin" ? <SignIn /> : <Navigate to="/signin" replace state={{ from: location.pathname + location.search }} />;
  }
  return (
    <div className="shell">
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="topbar">
        <span className="brand" aria-label="Thalian">
          <svg viewBox="0 0 32 32" width="22" height="22" aria-hidden="true"><rect width="32" height="32" rx="7" fill="currentColor" /><path d="M9 10h14v3h-5.5v11h-3V13H9z" fill="var(--bg)" /></svg>
          Thalian
        </span>
        <nav aria-label="Sections" className="sections">
          {sections.map((s) => (
            <NavLink key={s.to} to={s.to} end={s.end}>{s.label}</NavLink>
          ))}
        </nav>
        <div className="who">
          <span className={`role role-${session.role}`} title={session.subject}>{session.role}</span>
          <button type="button" className="ghost" onClick={toggleTheme} aria-label={`Switch to ${theme === "dark" ? "light" : "dark"} theme`}>
            {theme === "dark" ? "Light" : "Dark"}
          </button>
          <button type="button" className="ghost" onClick={() => void signOut()}>Sign out</button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Routes>
          <Route path="/" element={<Overview />} />
          <Route path="/findings" element={<Findings />} />
          <Route path="/findings/:id" element={<FindingDetail />} />
          <Route path="/identities" element={<Identities />} />
          <Route path="/identities/:id" element={<IdentityDetail />} />
          <Route path="/integrations/*" element={<Integrations />} />
          <Route path="/settings" element={<Settings />} />
          <Route path="/signin" element={<Navigate to={(location.state as { from?: string } | null)?.from ?? "/"} replace />} />
          <Route path="*" element={<p className="empty">This page does not exist. <NavLink to="/">Back to the overview</NavLink></p>} />
        </Routes>
      </main>
    </div>
  );
}

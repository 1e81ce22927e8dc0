import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// The gateway serves dist/ at / (same origin as the API); `npm run dev` proxies the API to a running gateway.
export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 400 },
  server: {
    proxy: Object.fromEntries(["/api", "/openapi", "/docs", "/health"].map((p) => [p, "http://127.0.0.1:8080"])),
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.tsx", "src/**/*.test.ts"],
    setupFiles: ["src/test-setup.ts"],
  },
});

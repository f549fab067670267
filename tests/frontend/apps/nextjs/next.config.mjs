// node_modules is one folder up (the kit's shared npm install, tests/frontend/workspace.py),
// so Next.js must take that folder as the root it resolves and traces files from.
import path from "node:path";

const workspaceRoot = path.resolve(import.meta.dirname, "..");

/** @type {import("next").NextConfig} */
const nextConfig = {
  turbopack: { root: workspaceRoot },
  outputFileTracingRoot: workspaceRoot,
  // The tests run tsc with this tsconfig just before the build: once is enough.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;

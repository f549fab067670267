// node_modules is in a folder above this app (the frontends' shared npm install,
// tests/support/frontend/workspace.py), so Next.js must take that folder as the root it resolves
// and traces files from.
import fs from "node:fs";
import path from "node:path";

function installedRoot(folder) {
  if (fs.existsSync(path.join(folder, "node_modules", "next"))) return folder;
  const parent = path.dirname(folder);
  if (parent === folder) throw new Error("next is not installed above this app");
  return installedRoot(parent);
}

const workspaceRoot = installedRoot(path.resolve(import.meta.dirname, ".."));

/** @type {import("next").NextConfig} */
const nextConfig = {
  turbopack: { root: workspaceRoot },
  outputFileTracingRoot: workspaceRoot,
  // The tests run tsc with this tsconfig just before the build: once is enough.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;

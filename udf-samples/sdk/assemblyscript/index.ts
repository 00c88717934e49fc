// Entry point for the AssemblyScript compiler's package resolution (node_modules/<name>/index.ts).
export * from "./assembly/index";

import { rmSync } from "fs";

export default function globalTeardown(): void {
  const shared = process.env.VIGIL_TEST_SYNTHS;
  if (shared) rmSync((JSON.parse(shared) as { root: string }).root, { recursive: true, force: true });
}

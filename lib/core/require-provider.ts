/**
 * Fails early, with the install command, when an optional provider package
 * that a target needs is missing (the providers are optional peer
 * dependencies: an AWS-only user installs only @cdktf/provider-aws).
 */
export function assertProviderInstalled(packageName: string, target: string): void {
  try {
    require.resolve(`${packageName}/package.json`);
  } catch {
    throw new Error(
      `cdktf-vigil/${target} needs the optional peer dependency ${packageName}, which is not installed. Run: npm install ${packageName}`,
    );
  }
}

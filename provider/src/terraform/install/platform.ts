/** Terraform names platforms the Go way (`linux_amd64`); Node says `linux` and `x64`. */
const GO_ARCH: Readonly<Record<string, string>> = { x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" };
const GO_OS: Readonly<Record<string, string>> = { linux: "linux", darwin: "darwin", win32: "windows", freebsd: "freebsd" };

export function terraformPlatform(platform: string = process.platform, arch: string = process.arch): string {
  const os = GO_OS[platform];
  const goArch = GO_ARCH[arch];
  if (!os || !goArch) throw new Error(`Terraform has no platform for ${platform}/${arch}`);
  return `${os}_${goArch}`;
}

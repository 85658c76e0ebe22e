/**
 * The launcher's way into the bundle: V8's code cache, so that terraform's 3-5 provider starts per command do not
 * each compile the whole bundle again (most of the time from start to handshake).
 *
 * Node 22.1+ has this built in (`module.enableCompileCache`). On Node 20 the loader compiles the bundle itself with
 * `vm.Script` and V8's `cachedData`, the way Node's own CommonJS loader would run it, and, when there was no
 * usable cache, writes one at exit, holding every function compiled by then.
 *
 * The cache lives in the user's cache directory (`$XDG_CACHE_HOME` or `~/.cache`, `voicegateway-provider/`),
 * never beside the bundle: terraform hashes the provider's directory for its lock file. A cache file is named by
 * the bundle's path, size and mtime and by the Node version; V8 itself also refuses a cache made by another V8,
 * with other flags or for a source of another length, and then the bundle is compiled as without a cache. Any
 * failure to read or write the cache is ignored: it only ever costs the time it was meant to save. Each new cache
 * file replaces nothing (another provider version may still use its own), so writing one also removes the cache
 * files nobody wrote for 30 days: those of versions long gone, and leftovers of a process killed mid-write.
 *
 * It is JavaScript text for `node -e`, so it must hold no single quote (the launcher quotes it for `sh`).
 */
export const CODE_CACHE_LOADER = `
const Module = require("module"), fs = require("fs"), path = require("path"), os = require("os"), vm = require("vm");
const file = path.resolve(process.argv[1]);
process.argv[1] = file;
let dir;
try { dir = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "voicegateway-provider"); } catch {}
if (!dir || process.env.VOICEGATEWAY_CODE_CACHE === "off") {
  require(file);
} else if (typeof Module.enableCompileCache === "function") {
  try { Module.enableCompileCache(dir); } catch {}
  require(file);
} else {
  let cacheFile, cachedData;
  try {
    const stat = fs.statSync(file);
    const key = require("crypto").createHash("sha256").update([file, stat.size, stat.mtimeMs, process.version, process.arch].join("\\0")).digest("hex").slice(0, 32);
    cacheFile = path.join(dir, key + ".v8cache");
    cachedData = fs.readFileSync(cacheFile);
  } catch {}
  const source = fs.readFileSync(file, "utf8").replace(/^#!/, "//");
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const bundle = new Module(file, null);
  bundle.filename = file;
  bundle.paths = Module._nodeModulePaths(path.dirname(file));
  if (cacheFile && (cachedData === undefined || script.cachedDataRejected)) {
    process.once("exit", () => {
      try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        const temporary = cacheFile + "." + process.pid;
        fs.writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(temporary, cacheFile);
        for (const name of fs.readdirSync(dir)) {
          const other = path.join(dir, name);
          if (!name.includes(".v8cache") || other === cacheFile) continue;
          try { if (Date.now() - fs.statSync(other).mtimeMs > 30 * 86400000) fs.unlinkSync(other); } catch {}
        }
      } catch {}
    });
  }
  script.runInThisContext().call(bundle.exports, bundle.exports, Module.createRequire(file), bundle, file, path.dirname(file));
}
`;

# Sourced by the benchmarks' run.sh: makes sure Debian's python3 can import the peer's modules.
# Usage: need_python_modules "MODULE[, MODULE...]" DEBIAN_PACKAGE...
# Installs the packages with apt-get (refreshing the package lists only when a plain install
# fails) when /usr/bin/python3 cannot import the modules.
need_python_modules() {
  modules="$1"
  shift
  if /usr/bin/python3 -c "import $modules" 2>/dev/null; then return 0; fi
  echo "installing $* (Debian packages) ..." >&2
  (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1) ||
    (apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null)
}

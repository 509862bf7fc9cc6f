# Sourced by the benchmarks' run.sh: makes sure Debian's python3 can import the peer's modules.
# Usage: need_python_modules "MODULE[, MODULE...]" DEBIAN_PACKAGE...
# Installs the packages with apt-get when /usr/bin/python3 cannot import the modules.
need_python_modules() {
  modules="$1"
  shift
  if /usr/bin/python3 -c "import $modules" 2>/dev/null; then return 0; fi
  apt_install "$@"
}

# apt-get install, refreshing the package lists only when a plain install fails.
# Usage: apt_install DEBIAN_PACKAGE...
apt_install() {
  echo "installing $* (Debian packages) ..." >&2
  (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1) ||
    (apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null)
}

# Gives PyTorch its fast BLAS. Debian's python3-torch is satisfied by the reference BLAS
# (libblas3, 2-3 GFLOP/s on one core), so OpenBLAS is installed beside it; and OpenBLAS 0.3.21
# takes some virtualised AVX-512 CPUs for a generic core (Prescott: 15 GFLOP/s where SkylakeX
# kernels reach 128), so the core is named from the CPU's flags unless the caller named one.
# Prints the core used. Usage: use_fast_blas
use_fast_blas() {
  dpkg -s libopenblas0-openmp >/dev/null 2>&1 || apt_install libopenblas0-openmp
  if [ -z "${OPENBLAS_CORETYPE:-}" ]; then
    if grep -q -w avx512f /proc/cpuinfo; then OPENBLAS_CORETYPE=SkylakeX
    elif grep -q -w avx2 /proc/cpuinfo; then OPENBLAS_CORETYPE=Haswell
    fi
  fi
  if [ -n "${OPENBLAS_CORETYPE:-}" ]; then export OPENBLAS_CORETYPE; fi
  echo "PyTorch's BLAS: $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3), OpenBLAS core ${OPENBLAS_CORETYPE:-detected}" >&2
}

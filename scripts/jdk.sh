# shellcheck shell=bash
# Sourced by ./kvlint, ./run-tests and .ci/run: sets JAVA_HOME to a JDK >= 22 or explains.
KVLINT_TEMURIN=${KVLINT_TEMURIN:-/usr/lib/jvm/temurin-25-jdk-amd64}
# Where other JDKs are looked for (overridable, e.g. to test the no-JDK message).
KVLINT_JVM_DIR=${KVLINT_JVM_DIR:-/usr/lib/jvm}

kvlint_java_major() { # prints the major version of the JDK at $1, or nothing
  local v
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1)
  [[ -n "$v" ]] && echo "${v%%.*}"
}

# Prefers a suitable $JAVA_HOME, then Temurin 25, then any JDK >= 22 under $KVLINT_JVM_DIR.
kvlint_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" "$KVLINT_TEMURIN" "$KVLINT_JVM_DIR"/*; do
    [[ -n "$candidate" && -x "$candidate/bin/java" && -x "$candidate/bin/javac" ]] || continue
    major=$(kvlint_java_major "$candidate" || true)
    if [[ -n "$major" && "$major" -ge 22 ]]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

kvlint_use_jdk() {
  local jdk
  if ! jdk=$(kvlint_find_jdk); then
    echo "kvlint: needs a JDK 22 or newer (Temurin 25 recommended): install it under $KVLINT_TEMURIN or set JAVA_HOME to one" >&2
    exit 2
  fi
  export JAVA_HOME="$jdk"
  # Maven 3.8 on JDK 25 warns about sun.misc.Unsafe on every run; this silences it (JDK 23+ only).
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
}

kvlint_require_build_tools() {
  local tool missing=()
  for tool in mvn gcc npm node; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  if ((${#missing[@]})); then
    echo "kvlint: building needs ${missing[*]}: apt-get install maven gcc nodejs npm" >&2
    exit 2
  fi
}

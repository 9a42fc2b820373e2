# Sourced by ./basalt and ./bench: find_jdk prints the home of a JDK 25 or newer, or fails.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

find_jdk() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  candidates+=(/usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25* /usr/lib/jvm/jdk-25* /opt/java/*25* /opt/jdk-25*
               "$HOME"/.sdkman/candidates/java/25* /Library/Java/JavaVirtualMachines/*25*/Contents/Home)
  local home
  for home in "${candidates[@]}"; do
    if [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ]; then
      local major
      major="$(java_major "$home/bin/java")"
      if [ -n "$major" ] && [ "$major" -ge 25 ]; then
        echo "$home"
        return 0
      fi
    fi
  done
  return 1
}

#!/usr/bin/env bash
# Prints the project dependency graph from the ProjectReference items of every project in the repository:
#   scripts/project-graph.sh          one "Project -> Reference" line per edge, product projects first
#   scripts/project-graph.sh --dot    the same as Graphviz DOT (pipe into `dot -Tsvg`)
# Plugins also reference the contracts implicitly (Directory.Build.targets, IsWlWebRtcPlugin): shown as "(implicit)".
set -euo pipefail
cd "$(dirname "$0")/.."

edges() {
  git ls-files '*.csproj' | sort | while read -r project; do
    from=$(basename "$project" .csproj)
    if grep -q '<IsWlWebRtcPlugin>true</IsWlWebRtcPlugin>' "$project"; then
      echo "$from -> WlWebRtc.Abstractions (implicit)"
    fi
    { grep -o '<ProjectReference Include="[^"]*"' "$project" || true; } | sed 's/.*Include="//; s/"$//' | while read -r ref; do
      if [ "$ref" = "@(PluginProject)" ]; then
        echo "$from -> every plugin (build order only: laid out beside the executable, never referenced)"
      else
        echo "$from -> $(basename "${ref//\\//}" .csproj)"
      fi
    done
  done
}

case "${1:-}" in
  --dot)
    echo 'digraph wlwebrtc {'
    echo '  rankdir=LR; node [shape=box, fontname="sans-serif"];'
    edges | grep -v "every plugin" | sed -E 's/^([^ ]+) -> ([^ ]+)( \(implicit\))?$/  "\1" -> "\2"\3;/; s/ \(implicit\);/ [style=dashed];/'
    echo '}'
    ;;
  "")
    edges | awk '{ test = ($1 ~ /Tests?$|Testing|TestPlugins|SamplePlugin|Bench/); print test "\t" $0 }' | sort -s -k1,1 | cut -f2-
    ;;
  *) echo "usage: $0 [--dot]" >&2; exit 2 ;;
esac

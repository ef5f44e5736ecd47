#!/usr/bin/env bash
# The layers of DESIGN.md, checked on every build: each folder may include only the layers below
# it. A violation prints the file, the line and the rule, and fails.
#   core            pure: no other layer, no gRPC/protobuf, no MySQL, no file/network/stream I/O
#   store           core only; no gRPC/protobuf
#   ops             core + store + reports; no gRPC, no proto types
#   reports         core only (file renderers: libxlsxwriter, cairo, pango); no gRPC/MySQL
#   demo, jobs,     ops and below; never a handler, never proto types
#   mail
#   bindings/python core only
set -euo pipefail
root=${1:?usage: check_layering.sh SOURCE_DIR}
cd "$root"
status=0

# forbid DIR PATTERN WHY: no #include line under DIR may match the extended regex PATTERN.
forbid() {
  local dir=$1 pattern=$2 why=$3
  [ -d "$dir" ] || return 0
  local hits
  hits=$(grep -rnE --include='*.h' --include='*.cc' "^#include [<\"]($pattern)" "$dir" || true)
  if [ -n "$hits" ]; then
    echo "layering: $dir must not include $why:"
    echo "$hits" | sed 's/^/  /'
    status=1
  fi
}

grpc='grpcpp/|grpc/|google/protobuf/|huikuan/v1/|google/rpc/'
forbid server/core "server/(store|ops|service|http|jobs|demo|mail)/|$grpc|cppconn/|mysql|fstream|iostream|filesystem|sys/|netinet/|curl/" \
  "another layer, gRPC/protobuf, MySQL or I/O headers"
forbid server/store "server/(ops|service|http|jobs|demo|mail)/|$grpc" "a higher layer or gRPC/protobuf"
forbid server/reports "server/(store|ops|service|http|jobs|demo|mail)/|$grpc|cppconn/|mysql" \
  "another layer than core, gRPC/protobuf or MySQL"
forbid server/ops "server/(service|http|jobs|demo|mail)/|$grpc" "a higher layer or gRPC/proto types"
forbid server/demo "server/(service|http)/|$grpc" "a handler or proto types"
forbid server/jobs "server/(service|http)/|$grpc" "a handler or proto types"
forbid server/mail "server/(service|http|jobs|demo)/|$grpc" "a handler, a job or proto types"
forbid bindings/python/src "server/(store|ops|service|http|jobs|demo|mail)/|$grpc|cppconn/" "anything but core"
forbid bench "server/service/" "a handler (benchmarks call ops, or the server over gRPC)"

if [ "$status" -eq 0 ]; then echo "layering: ok"; fi
exit "$status"

#include "server/http/static_assets.h"

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace huikuan::http {
namespace {

std::string ContentTypeFor(const std::filesystem::path& file) {
  const std::string ext = absl::AsciiStrToLower(file.extension().string());
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "application/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

std::string CacheControlFor(absl::string_view key) {
  // Content-hashed names never change content: cache them for a year.
  if (absl::StartsWith(key, "/assets/")) return "public, max-age=31536000, immutable";
  // index.html and unhashed files: always ask the server (cheap with keep-alive).
  return "no-cache";
}

bool Compressible(absl::string_view content_type) {
  return absl::StartsWith(content_type, "text/") ||
         absl::StartsWith(content_type, "application/javascript") ||
         absl::StartsWith(content_type, "application/json") ||
         absl::StartsWith(content_type, "image/svg+xml");
}

// gzip (RFC 1952) at level 9; empty if zlib fails or the result is not smaller.
std::string Gzip(const std::string& data) {
  z_stream stream{};
  if (deflateInit2(&stream, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return "";
  std::string out(deflateBound(&stream, data.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (result != Z_STREAM_END || out.size() >= data.size()) return "";
  return out;
}

}  // namespace

absl::StatusOr<StaticAssets> StaticAssets::Load(const std::string& root) {
  StaticAssets assets;
  std::error_code error;
  if (root.empty() || !std::filesystem::is_directory(root, error)) return assets;
  for (auto it = std::filesystem::recursive_directory_iterator(root, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (!it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in && !in.eof()) {
      return absl::InternalError(absl::StrCat("cannot read ", it->path().string()));
    }
    const std::string key = "/" + std::filesystem::relative(it->path(), root).generic_string();
    Asset asset{ContentTypeFor(it->path()), CacheControlFor(key), content.str(), ""};
    if (Compressible(asset.content_type) && asset.body.size() > 1024) {
      asset.gzip_body = Gzip(asset.body);
    }
    assets.files_[key] = std::move(asset);
  }
  if (error) return absl::InternalError(absl::StrCat("cannot list ", root, ": ", error.message()));
  return assets;
}

const Asset* StaticAssets::Find(absl::string_view path) const {
  if (path == "/") path = "/index.html";
  if (auto it = files_.find(path); it != files_.end()) return &it->second;
  // A client-side route: no extension in the last segment, not under assets/.
  absl::string_view last = path.substr(path.rfind('/') + 1);
  if (absl::StartsWith(path, "/assets/") || absl::StrContains(last, '.')) return nullptr;
  auto index = files_.find("/index.html");
  return index == files_.end() ? nullptr : &index->second;
}

}  // namespace huikuan::http

// The built web app (clients/web/dist), read into memory once at start: a few files of a few
// hundred KB. Vite names the files under assets/ by a hash of their content, so they may be
// cached for a year; index.html names the current ones, so it is revalidated on every load. Any
// other path that looks like a page (no file extension) gets index.html: the app's router shows
// the page (client-side routes such as /customers/42). Text files are kept gzip-compressed too.
#ifndef HUIKUAN_SERVER_HTTP_STATIC_ASSETS_H_
#define HUIKUAN_SERVER_HTTP_STATIC_ASSETS_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace huikuan::http {

struct Asset {
  std::string content_type;
  std::string cache_control;
  std::string body;
  // The body gzip-compressed (level 9) once at load, for clients that accept gzip; empty when
  // compression does not pay (images, fonts, tiny files). Compressing per request (httplib does
  // it with brotli at its slowest level) took 300 ms for a 100 KB script here.
  std::string gzip_body;
};

class StaticAssets {
 public:
  // Reads every file under `root`. An empty or missing root gives an empty set (the API still
  // works; pages answer 404 saying the app is not built).
  static absl::StatusOr<StaticAssets> Load(const std::string& root);

  // The asset for a GET of `path` ("/", "/assets/index-3f2a.js", "/customers/42"), or null.
  const Asset* Find(absl::string_view path) const;
  size_t size() const { return files_.size(); }

 private:
  absl::flat_hash_map<std::string, Asset> files_;  // keyed by "/relative/path"
};

}  // namespace huikuan::http

#endif  // HUIKUAN_SERVER_HTTP_STATIC_ASSETS_H_

#include "server/ops/model_versions.h"

#include <cmath>
#include <cstdlib>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "server/core/json.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"

namespace huikuan::ops {
namespace {

core::Json OptionalMetric(const std::optional<double>& value) {
  return value ? core::Json::String(absl::StrFormat("%.6f", *value)) : core::Json();
}

core::Json ModelImage(const store::ModelVersionRecord& r) {
  core::Json image = core::Json::Object();
  image.Set("kind", core::Json::String(r.kind))
      .Set("version", core::Json::String(r.version))
      .Set("trainedDate", core::Json::String(core::FormatDate(r.trained_day)))
      .Set("trainFromDate", core::Json::String(core::FormatDate(r.train_from_day)))
      .Set("trainToDate", core::Json::String(core::FormatDate(r.train_to_day)))
      .Set("trainRows", core::Json::Int(r.train_rows))
      .Set("testRows", core::Json::Int(r.test_rows))
      .Set("auc", OptionalMetric(r.auc))
      .Set("logLoss", OptionalMetric(r.log_loss))
      .Set("shareWithin10Days", OptionalMetric(r.share_within_10_days))
      .Set("meanAbsoluteErrorDays", OptionalMetric(r.mean_absolute_error_days))
      .Set("parametersBytes", core::Json::Int(static_cast<int64_t>(r.parameters.size())));
  return image;
}

}  // namespace

std::string HexDouble(double value) { return absl::StrFormat("%a", value); }

bool ParseHexDouble(absl::string_view token, double* out) {
  const std::string s(token);
  if (s.empty()) return false;
  char* end = nullptr;
  *out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && std::isfinite(*out);
}

std::string ModelVersionName(absl::string_view model, core::EpochDay trained_day) {
  return absl::StrCat(model, "/", core::FormatDate(trained_day));
}

std::string FormatCalibration(const std::vector<CalibrationBin>& bins) {
  std::string out;
  for (const CalibrationBin& b : bins) {
    absl::StrAppend(&out, HexDouble(b.lower), " ", b.count, " ", HexDouble(b.mean_predicted), " ",
                    HexDouble(b.observed_rate), "\n");
  }
  return out;
}

absl::StatusOr<ModelInfo> InfoOf(const store::ModelVersionRecord& r) {
  ModelInfo info;
  info.version = r.version;
  info.trained_day = r.trained_day;
  info.train_from_day = r.train_from_day;
  info.train_to_day = r.train_to_day;
  info.train_rows = r.train_rows;
  info.test_rows = r.test_rows;
  info.auc = r.auc;
  info.log_loss = r.log_loss;
  info.share_within_10_days = r.share_within_10_days;
  info.mean_absolute_error_days = r.mean_absolute_error_days;
  for (absl::string_view line : absl::StrSplit(r.calibration, '\n', absl::SkipEmpty())) {
    std::vector<absl::string_view> f = absl::StrSplit(line, ' ');
    CalibrationBin b;
    if (f.size() != 4 || !ParseHexDouble(f[0], &b.lower) || !absl::SimpleAtoi(f[1], &b.count) ||
        !ParseHexDouble(f[2], &b.mean_predicted) || !ParseHexDouble(f[3], &b.observed_rate)) {
      return absl::InternalError(absl::StrCat("model ", r.version, ": malformed calibration"));
    }
    info.calibration.push_back(b);
  }
  return info;
}

absl::StatusOr<store::ModelVersionRecord> LatestModel(ReadScope& read, const std::string& kind) {
  std::optional<store::ModelVersionRecord> found =
      store::LatestModelVersion(read.db, kind, read.today);
  if (!found) {
    return absl::FailedPreconditionError(
        absl::StrCat("no ", kind, " model trained on or before ", core::FormatDate(read.today),
                     " yet: the daily run's `models` job trains one (huikuan-server run-job models "
                     "--as_of=YYYY-MM-DD)"));
  }
  return *std::move(found);
}

absl::StatusOr<ModelsRun> TrainModels(WriteScope& write) {
  using Fitter = absl::StatusOr<store::ModelVersionRecord> (*)(ReadScope&);
  const struct {
    const char* kind;
    Fitter fit;
  } kinds[] = {{kDsoModelKind, &FitDsoModel},
               {kOverdueModelKind, &FitOverdueModel},
               {kTermResponseModelKind, &FitTermResponseModel}};
  ModelsRun run;
  for (const auto& k : kinds) {
    if (store::FindModelVersion(write.db, k.kind, write.today)) {
      ++run.kept;
      continue;
    }
    absl::StatusOr<store::ModelVersionRecord> fitted = k.fit(write);
    if (absl::IsFailedPrecondition(fitted.status())) {
      ++run.not_fitted;
      run.notes.push_back(absl::StrCat(k.kind, ": ", fitted.status().message()));
      continue;
    }
    HK_RETURN_IF_ERROR(fitted.status());
    store::ModelVersionRecord record = *std::move(fitted);
    record.create_time = write.now;
    if (!store::InsertModelVersion(write.db, record)) {
      ++run.kept;  // stored meanwhile by another runner of the same day
      continue;
    }
    write.audit.Record(core::FormatResourceName("modelVersions", record.id), core::Json(),
                       ModelImage(record));
    ++run.created;
    run.versions.push_back(record.version);
  }
  return run;
}

}  // namespace huikuan::ops

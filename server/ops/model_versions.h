// Versioned forecast models (issue 11: "models retrain in the daily run and are versioned; a
// report names the model version it used").
//
// The `models` job of the daily run (server/jobs/models_job.h) calls TrainModels for its day: each
// kind is fitted from the WHOLE ledger as of the day (whoever later reads it) and stored as one
// version per (kind, day) in model_versions (migration 0510) with its training window, its
// held-out metrics and its parameters in text form. The forecasts (forecasts.h,
// term_simulator.h) never fit: they load the newest version trained on or before their day,
// apply it to the caller's scoped ledger and return the version's name and metrics.
//
//   kind           model                                          fitted in
//   dso            R-FCST-1 linear regression, days to collect    dso_forecast.cc
//   overdue        R-FCST-2 logistic regression, 30 days ahead    overdue_forecast.cc
//   term_response  per-tier responses to term length (OLS, 95%)   term_simulator.cc
//
// A forecast asked for before any version of its kind exists is FAILED_PRECONDITION naming the
// job: a read never writes (it runs under the caller's token and scope, and N replicas answering
// the first requests of a day would race to fit), and the scheduler runs the job for the latest
// due day as soon as a server starts, the demo seeding runs it too.
#ifndef HUIKUAN_SERVER_OPS_MODEL_VERSIONS_H_
#define HUIKUAN_SERVER_OPS_MODEL_VERSIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/civil_date.h"
#include "server/ops/scopes.h"
#include "server/store/model_store.h"

namespace huikuan::ops {

inline constexpr char kDsoModelKind[] = "dso";
inline constexpr char kOverdueModelKind[] = "overdue";
inline constexpr char kTermResponseModelKind[] = "term_response";

struct CalibrationBin {
  double lower = 0;  // predicted probability in [lower, lower + 0.1)
  int64_t count = 0;
  double mean_predicted = 0;
  double observed_rate = 0;
};

// What a forecast says about the model it used.
struct ModelInfo {
  std::string version;  // "<model>/<training day>", e.g. "overdue-logistic-v1/2026-12-01"
  core::EpochDay trained_day = 0;
  core::EpochDay train_from_day = 0;
  core::EpochDay train_to_day = 0;
  int64_t train_rows = 0;
  int64_t test_rows = 0;
  std::optional<double> auc;
  std::optional<double> log_loss;
  std::optional<double> share_within_10_days;
  std::optional<double> mean_absolute_error_days;
  std::vector<CalibrationBin> calibration;
};

// "<name>/<YYYY-MM-DD>".
std::string ModelVersionName(absl::string_view model, core::EpochDay trained_day);
std::string FormatCalibration(const std::vector<CalibrationBin>& bins);
// INTERNAL when the stored calibration is malformed.
absl::StatusOr<ModelInfo> InfoOf(const store::ModelVersionRecord& record);

// The newest stored version of `kind` trained on or before read.today; FAILED_PRECONDITION naming
// the `models` job when there is none yet.
absl::StatusOr<store::ModelVersionRecord> LatestModel(ReadScope& read, const std::string& kind);

// The fitters: each fits its kind from the whole ledger as of read.today and returns the row to
// store (id 0). FAILED_PRECONDITION when the history is too short to fit and hold out.
absl::StatusOr<store::ModelVersionRecord> FitDsoModel(ReadScope& read);
absl::StatusOr<store::ModelVersionRecord> FitOverdueModel(ReadScope& read);
absl::StatusOr<store::ModelVersionRecord> FitTermResponseModel(ReadScope& read);

struct ModelsRun {
  int64_t created = 0;                // versions fitted and stored
  int64_t kept = 0;                   // kinds already stored for the day (a replayed day)
  int64_t not_fitted = 0;             // kinds whose history is too short (noted, not an error)
  std::vector<std::string> versions;  // the stored versions' names
  std::vector<std::string> notes;     // why a kind was not fitted
};
// Fits and stores every kind for write.today that has no version for that day yet, each audited
// as "modelVersions/<id>" under the caller (system:job/models). Idempotent: a second run for the
// same day creates nothing.
absl::StatusOr<ModelsRun> TrainModels(WriteScope& write);

// Text helpers for the parameter formats: doubles as C99 hex floats (bit-exact round trip).
std::string HexDouble(double value);
bool ParseHexDouble(absl::string_view token, double* out);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_MODEL_VERSIONS_H_

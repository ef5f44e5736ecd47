#include "server/core/models/logistic_regression.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "server/core/models/solver.h"
#include "server/core/status_macros.h"

namespace huikuan::core {
namespace {

// Objective, gradient and Hessian (upper triangle) at beta, in one pass over x.
struct Pass {
  double objective = 0;
  std::vector<double> gradient;
  std::vector<double> hessian;
};

// Above this many rows the Hessian is estimated from every `stride`-th row (stride chosen so that
// about this many rows are used) while the objective and the gradient stay exact. The fixed point
// is therefore the exact optimum; only the step direction is approximate (relative Hessian error
// ~ sqrt(p / kHessianRows), about 2% for 16 columns), which turns Newton's quadratic convergence
// into a fast linear one and makes a pass over a million rows cost little more than a gradient
// evaluation. Smaller inputs get the exact Newton method.
constexpr int64_t kHessianRows = 65536;

// log(1 + e) summed over a block of rows as the log of a product: one log per kLogBlock rows
// instead of one log1p per row. Each factor is in (1, 2], so a block's product stays below
// 2^512 and the rounding error stays at the level of a per-row log1p.
constexpr int kLogBlock = 512;

// Passes over at least this many rows are cut into kChunks chunks that may run on separate
// threads (FitOptions::threads); smaller passes are one chunk.
constexpr int64_t kParallelMinRows = 65536;
constexpr int kChunks = 8;

// Sums over one contiguous range of the visited rows.
struct Partial {
  double linear_loss = 0;  // sum of max(eta, 0) - y * eta
  double log_sum = 0;      // sum of log(1 + exp(-|eta|))
  std::vector<double> gradient, hessian, z_sums;
  int64_t sampled = 0;
};

// Visited rows v = 0, 1, ... are x's rows v * row_step; the Hessian uses those with
// v % hessian_every == 0. Accumulates rows [v_begin, v_end) into `out`.
void EvaluateRange(const MatrixView& x, absl::Span<const double> y,
                   const models_internal::Standardization& st, const std::vector<double>& beta,
                   int off, int64_t row_step, int64_t hessian_every, bool with_z_sums,
                   int64_t v_begin, int64_t v_end, Partial* out) {
  const int p = static_cast<int>(x.cols());
  const int q = p + off;
  out->gradient.assign(q, 0.0);
  out->hessian.assign(static_cast<size_t>(q) * q, 0.0);
  out->z_sums.assign(with_z_sums ? 2 * p : 0, 0.0);
  double* g = out->gradient.data();
  double* h = out->hessian.data();
  double* zs = out->z_sums.data();
  std::vector<double> zbuf(q);
  double* z = zbuf.data();
  if (off) z[0] = 1.0;
  const double* mean = st.mean.data();
  const double* inv = st.inv_scale.data();
  const double* bt = beta.data();
  double linear_loss = 0, log_sum = 0, block_product = 1;
  int in_block = 0;
  int64_t until_hessian = (hessian_every - v_begin % hessian_every) % hessian_every;
  for (int64_t v = v_begin; v < v_end; ++v) {
    const int64_t i = v * row_step;
    models_internal::StandardizeRow(x.row(i), mean, inv, z + off, p);
    if (with_z_sums) {
      // Exact column moments of the full data in the provisional coordinates (see the caller).
      models_internal::Axpy(1.0, z + off, zs, p);
      for (int j = 0; j < p; ++j) zs[p + j] += z[j + off] * z[j + off];
    }
    const double eta = models_internal::Dot(bt, z, q);
    // Stable log(1 + e^eta) - y * eta and the sigmoid from a single exp.
    const double e = std::exp(-std::abs(eta));
    const double inv1pe = 1.0 / (1.0 + e);
    const double prob = eta >= 0 ? inv1pe : e * inv1pe;
    linear_loss += std::max(eta, 0.0) - y[i] * eta;
    block_product *= 1.0 + e;
    if (++in_block == kLogBlock) {
      log_sum += std::log(block_product);
      block_product = 1;
      in_block = 0;
    }
    models_internal::Axpy(prob - y[i], z, g, q);
    if (until_hessian-- == 0) {
      models_internal::AddWeightedOuter(z, prob * (1.0 - prob), q, h);
      ++out->sampled;
      until_hessian = hessian_every - 1;
    }
  }
  out->linear_loss = linear_loss;
  out->log_sum = log_sum + std::log(block_product);
}

// Objective, gradient and Hessian at beta in one pass, penalty included. The visited rows are cut
// into a number of chunks that depends only on their count, each chunk summed on its own and the
// chunks combined in order, so the result is bit-identical however many threads run the chunks.
void Evaluate(const MatrixView& x, absl::Span<const double> y,
              const models_internal::Standardization& st, const std::vector<double>& d,
              const std::vector<double>& beta, int off, int64_t row_step, int64_t hessian_every,
              std::vector<double>* z_sums, int threads, Pass* out) {
  const int p = static_cast<int>(x.cols());
  const int q = p + off;
  const int64_t visited = (x.rows() + row_step - 1) / row_step;
  const int chunks = visited >= kParallelMinRows ? kChunks : 1;
  std::vector<Partial> parts(chunks);
  auto run = [&](int c) {
    EvaluateRange(x, y, st, beta, off, row_step, hessian_every, z_sums != nullptr,
                  visited * c / chunks, visited * (c + 1) / chunks, &parts[c]);
  };
  const int workers = std::max(1, std::min(threads, chunks));
  if (workers == 1) {
    for (int c = 0; c < chunks; ++c) run(c);
  } else {
    // Worker w runs chunks w, w + workers, ...; the calling thread is worker 0.
    std::vector<std::thread> pool;
    for (int w = 1; w < workers; ++w) {
      pool.emplace_back([&, w] {
        for (int c = w; c < chunks; c += workers) run(c);
      });
    }
    for (int c = 0; c < chunks; c += workers) run(c);
    for (std::thread& t : pool) t.join();
  }
  out->gradient.assign(q, 0.0);
  out->hessian.assign(static_cast<size_t>(q) * q, 0.0);
  if (z_sums != nullptr) z_sums->assign(2 * p, 0.0);
  double linear_loss = 0, log_sum = 0;
  int64_t sampled = 0;
  for (const Partial& part : parts) {
    linear_loss += part.linear_loss;
    log_sum += part.log_sum;
    sampled += part.sampled;
    models_internal::Axpy(1.0, part.gradient.data(), out->gradient.data(), q);
    models_internal::Axpy(1.0, part.hessian.data(), out->hessian.data(), q * q);
    if (z_sums != nullptr) models_internal::Axpy(1.0, part.z_sums.data(), z_sums->data(), 2 * p);
  }
  double* g = out->gradient.data();
  double* h = out->hessian.data();
  if (sampled != visited) {
    const double scale = static_cast<double>(visited) / static_cast<double>(sampled);
    for (double& v : out->hessian) v *= scale;
  }
  const double* bt = beta.data();
  double penalty = 0;
  for (int j = 0; j < q; ++j) {
    penalty += 0.5 * d[j] * bt[j] * bt[j];
    g[j] += d[j] * bt[j];
    h[j * q + j] += d[j];
  }
  out->objective = linear_loss + log_sum + penalty;
}

}  // namespace

absl::StatusOr<LinearModel> FitLogisticRegression(const MatrixView& x, absl::Span<const double> y,
                                                  const FitOptions& options) {
  if (static_cast<int64_t>(y.size()) != x.rows()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("y: length %d does not match %d rows of X", y.size(), x.rows()));
  }
  int64_t positives = 0;
  for (size_t i = 0; i < y.size(); ++i) {
    if (y[i] != 0.0 && y[i] != 1.0) {
      return absl::InvalidArgumentError(
          absl::StrFormat("y: label at index %d is %g; labels must be 0 or 1", i, y[i]));
    }
    positives += y[i] == 1.0;
  }
  if (!(options.l2 >= 0) || !std::isfinite(options.l2)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("l2: must be finite and >= 0, got %g", options.l2));
  }
  if (options.max_iterations <= 0) {
    return absl::InvalidArgumentError("max_iterations: must be > 0");
  }
  HK_ASSIGN_OR_RETURN(std::vector<std::string> names,
                      ResolveFeatureNames(options.feature_names, x.cols()));

  const int p = static_cast<int>(x.cols());
  const int off = options.fit_intercept ? 1 : 0;
  const int threads = options.threads > 0
                          ? options.threads
                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int q = p + off;
  const int64_t n = x.rows();
  if (n <= 0 || p <= 0 || x.data() == nullptr) return ValidateMatrix(x, "X");
  const int64_t sample_step = n > kHessianRows ? (n + kHessianRows - 1) / kHessianRows : 1;
  models_internal::Standardization st;
  if (sample_step == 1) {
    HK_RETURN_IF_ERROR(models_internal::ValidateAndStandardize(x, options.fit_intercept, &st));
  } else {
    // Large input: the coordinates (which only serve conditioning) come from the strided sample,
    // saving a full pass over X; the exact moments that the standardised penalty needs, and the
    // NaN/inf check of every cell, come with the first full pass (exact_moments below).
    st = models_internal::Standardize(x, options.fit_intercept, sample_step);
    for (int j = 0; j < p; ++j) {
      if (!std::isfinite(st.mean[j] + st.scale[j] + st.inv_scale[j])) {
        HK_RETURN_IF_ERROR(ValidateMatrix(x, "X"));
        return absl::InvalidArgumentError(absl::StrFormat(
            "X: column %d has values too large to standardise (their squares overflow)", j));
      }
    }
  }
  const std::vector<double> d = models_internal::PenaltyDiagonal(options, st);

  std::vector<double> beta(q, 0.0);
  if (off) {
    // Start at the base rate: the intercept-only optimum (clamped for one-class data).
    const double rate = std::clamp(static_cast<double>(positives) / x.rows(), 1e-6, 1.0 - 1e-6);
    beta[0] = std::log(rate / (1.0 - rate));
  }
  // Newton's method on the rows i = 0, row_step, 2 * row_step, ... with the Hessian from every
  // hessian_every-th of them. Returns the number of iterations, or the error.
  // on_first_pass, when set, receives the column sums and sums of squares of z over the rows of
  // the first pass and may adjust the penalty (and with it the pass's results).
  using FirstPassHook =
      std::function<absl::Status(const std::vector<double>&, std::vector<double>&, Pass&, bool&)>;
  auto newton = [&](int64_t row_step, int64_t hessian_every, std::vector<double> penalty,
                    double stop, int max_iterations,
                    const FirstPassHook& on_first_pass) -> absl::StatusOr<int> {
    std::vector<double> z_sums(on_first_pass ? 2 * p : 0, 0.0);
    std::vector<double> beta_prev = beta, step(q, 0.0);
    double objective_prev = std::numeric_limits<double>::infinity();
    double step_size = 1.0;
    Pass pass;
    int iteration = 0;
    while (iteration < max_iterations) {
      ++iteration;
      Evaluate(x, y, st, penalty, beta, off, row_step, hessian_every,
               iteration == 1 && on_first_pass ? &z_sums : nullptr, threads, &pass);
      if (iteration == 1 && on_first_pass) {
        bool sample_unrepresentative = false;
        HK_RETURN_IF_ERROR(on_first_pass(z_sums, penalty, pass, sample_unrepresentative));
        if (sample_unrepresentative && hessian_every > 1) {
          // A column's spread in the sample is far from the full data's (a rare category the
          // stride missed): a sampled Hessian would misjudge its curvature. Redo this pass exact.
          hessian_every = 1;
          --iteration;
          continue;
        }
      }
      if (!(pass.objective <= objective_prev) && step_size > 1e-10) {
        // With a sampled Hessian an overshoot means the sample misjudges the curvature.
        hessian_every = 1;
        // The full Newton step overshot (possible far from the optimum): halve it, re-evaluate.
        step_size *= 0.5;
        for (int j = 0; j < q; ++j) beta[j] = beta_prev[j] + step_size * step[j];
        continue;
      }
      std::vector<double>& hessian = pass.hessian;
      if (int pivot = models_internal::CholeskyFactor(hessian, q); pivot >= 0) {
        if (hessian_every > 1) {
          // The sampled rows may miss a rare feature value that the full data has: use the
          // exact Hessian from here on before calling the system singular.
          hessian_every = 1;
          --iteration;
          continue;
        }
        if (iteration == 1)
          return models_internal::SingularError(pivot, names, options.fit_intercept);
        return absl::FailedPreconditionError(absl::StrFormat(
            "logistic regression: the Hessian became singular at iteration %d (perfectly "
            "separable data has no finite solution); pass l2 > 0",
            iteration));
      }
      for (int j = 0; j < q; ++j) step[j] = -pass.gradient[j];
      models_internal::CholeskySolve(hessian, q, step);
      double decrement = 0;  // Newton decrement squared: g' H^-1 g
      for (int j = 0; j < q; ++j) decrement -= pass.gradient[j] * step[j];
      beta_prev = beta;
      objective_prev = pass.objective;
      step_size = 1.0;
      for (int j = 0; j < q; ++j) beta[j] += step[j];
      // Within the quadratic region the last full step only refines the solution further.
      if (0.5 * decrement <= stop) return iteration;
    }
    return absl::FailedPreconditionError(absl::StrFormat(
        "logistic regression did not converge in %d iterations (separable data? pass l2 > 0 or "
        "raise max_iterations)",
        max_iterations));
  };

  int iterations = 0;
  if (sample_step > 1) {
    // Warm start: solve the same problem on the strided sample (penalty scaled to the sample
    // size, so its optimum estimates the full one) to a loose tolerance, at 1/sample_step of the
    // cost per pass. The full-data passes below then start within sampling error of the
    // optimum. If the sample is degenerate, the full fit simply starts from the base rate.
    const std::vector<double> start = beta;
    const int64_t m = (n + sample_step - 1) / sample_step;
    std::vector<double> sample_penalty = d;
    for (double& v : sample_penalty) v *= static_cast<double>(m) / static_cast<double>(n);
    absl::StatusOr<int> warm = newton(sample_step, 1, sample_penalty, 1e-8 * m, 50, nullptr);
    if (warm.ok()) {
      iterations += *warm;
    } else {
      beta = start;
    }
  }
  // The first full pass sees every cell: check them and, for the standardised penalty, replace
  // the sample's standard deviations by the exact ones, correcting that pass's results.
  FirstPassHook exact_moments = [&](const std::vector<double>& zs, std::vector<double>& penalty,
                                    Pass& pass, bool& unrepresentative) -> absl::Status {
    const double rows = static_cast<double>(n);
    for (int j = 0; j < p; ++j) {
      if (!std::isfinite(zs[j]) || !std::isfinite(zs[p + j])) {
        HK_RETURN_IF_ERROR(ValidateMatrix(x, "X"));
        return absl::InvalidArgumentError(absl::StrFormat(
            "X: column %d has values too large to standardise (their squares overflow)", j));
      }
      const double mz = zs[j] / rows;
      // In the sample's coordinates every non-constant column has variance 1 (0 if constant).
      const double var_z = std::max(0.0, zs[p + j] / rows - mz * mz);
      const double sample_var = st.scale[j] == 1.0 ? var_z : 1.0;
      if (var_z > 4 * sample_var + 1e-300 || var_z < 0.25 * sample_var) unrepresentative = true;
      if (options.penalty_scale != PenaltyScale::kStandardized) continue;
      const double sd = st.scale[j] * std::sqrt(std::max(0.0, zs[p + j] / rows - mz * mz));
      const double magnitude = std::max(std::abs(st.mean[j] + st.scale[j] * mz), 1.0);
      const double exact_scale = sd > 1e-12 * magnitude ? sd : 1.0;
      const int k = j + off;
      const double updated =
          options.l2 * (exact_scale * st.inv_scale[j]) * (exact_scale * st.inv_scale[j]);
      const double delta = updated - penalty[k];
      pass.gradient[k] += delta * beta[k];
      pass.hessian[static_cast<size_t>(k) * q + k] += delta;
      pass.objective += 0.5 * delta * beta[k] * beta[k];
      penalty[k] = updated;
    }
    return absl::OkStatus();
  };
  HK_ASSIGN_OR_RETURN(
      const int full,
      newton(1, sample_step, d, options.tolerance * static_cast<double>(n), options.max_iterations,
             sample_step > 1 ? exact_moments : FirstPassHook()));
  iterations += full;
  for (int j = 0; j < q; ++j) {
    // Without a penalty, (quasi-)separable data drives the coefficients to infinity while the
    // Newton decrement still shrinks, so "converged" alone is not enough. A standardised
    // coefficient beyond 30 (one standard deviation multiplies the odds by e^30) only arises that
    // way in practice.
    const bool runaway = options.l2 == 0 && j >= off && std::abs(beta[j]) > 30;
    if (!std::isfinite(beta[j]) || runaway) {
      return absl::FailedPreconditionError(
          "logistic regression diverged (separable data?); pass l2 > 0");
    }
  }
  std::vector<double> coefficients;
  double intercept = 0;
  models_internal::Unstandardize(beta, st, options.fit_intercept, &coefficients, &intercept);
  LinearModel model(ModelKind::kLogisticRegression, std::move(names), std::move(coefficients),
                    intercept);
  model.set_fit_info(options.l2, options.penalty_scale, iterations);
  return model;
}

}  // namespace huikuan::core

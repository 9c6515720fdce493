# Reference values for survey_inventory/stats/weighted.py (weighted proportions after
# post-stratification and raking, with a finite population correction and routed domains).
#
# Regenerate (from the repository root; R >= 4.2 with the `survey` package, Debian:
# apt-get install r-cran-survey):
#
#     Rscript tests/data/reference/r_survey_weighted.R tests/data/reference
#
# Writes r_survey_weighted_units.csv (one row per respondent: data set, attributes, answer,
# routing flag, final weight) and r_survey_weighted.csv (one row per data set x scope x
# answer category: svymean, its SE, svytotal and its SE, svyciprop logit and beta limits,
# degf, nrow), r_survey_weighted_margins.csv (the population counts calibrated to),
# r_survey_weighted_frames.csv (every frame unit, its attributes and whether it responded)
# and r_survey_response.csv (per data set and frame attribute: fisher.test's exact p-value
# for response x attribute, and the R-indicator 1 - 2 sd(fitted(glm(responded ~ ...,
# binomial))) of Schouten, Cobben & Bethlehem 2009, also for the model region + size).
# Checked with R 4.2.2, survey 4.1-1.  The data are synthetic: a frame of N units with
# attributes, response that depends on the attributes, an answer that depends on them too.
suppressMessages(library(survey))
options(warn = 1)
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args)) args[1] else "."
options(digits = 15)

make_frame <- function(N, seed) {
  set.seed(seed)
  data.frame(
    id = seq_len(N),
    region = sample(c("north", "east", "south", "west"), N, replace = TRUE, prob = c(.2, .3, .3, .2)),
    size = sample(c("small", "medium", "large"), N, replace = TRUE, prob = c(.5, .3, .2)),
    stringsAsFactors = FALSE
  )
}

respond <- function(frame, n) {
  # response more likely for large units and in the north: uneven response
  p <- c(small = 1, medium = 2, large = 4)[frame$size] * ifelse(frame$region == "north", 2, 1)
  frame[sort(sample(nrow(frame), n, prob = p)), ]
}

answer <- function(d, zero_cell = FALSE) {
  # three answer categories a/b/c, depending on size; routed: asked only if not "small" or coin
  pa <- c(small = .2, medium = .45, large = .7)[d$size]
  u <- runif(nrow(d))
  d$y <- ifelse(u < pa, "a", ifelse(u < pa + (1 - pa) * .6, "b", "c"))
  if (zero_cell) d$y[d$size == "large" & d$y == "c"] <- "b"   # no "c" among the large units
  d$asked <- d$size != "small" | runif(nrow(d)) < .5
  d
}

specs <- list(
  list(name = "ps_size_n40",   N = 300,  n = 40,  seed = 11, scheme = "poststratify", vars = "size",             fpc = TRUE,  zero = FALSE, trim = NULL),
  list(name = "rake_n120",     N = 1000, n = 120, seed = 12, scheme = "rake",         vars = c("region", "size"), fpc = TRUE,  zero = FALSE, trim = NULL),
  list(name = "ps_small_n20",  N = 60,   n = 20,  seed = 13, scheme = "poststratify", vars = "size",             fpc = TRUE,  zero = TRUE,  trim = NULL),
  list(name = "rake_small_n30", N = 70,  n = 30,  seed = 14, scheme = "rake",         vars = c("region", "size"), fpc = TRUE,  zero = TRUE,  trim = NULL),
  list(name = "rake_nofpc_n60", N = 500, n = 60,  seed = 15, scheme = "rake",         vars = c("region", "size"), fpc = FALSE, zero = FALSE, trim = NULL),
  list(name = "ps_trim_n50",   N = 400,  n = 50,  seed = 16, scheme = "poststratify", vars = "region",           fpc = TRUE,  zero = FALSE, trim = c(2, 12))
)

units <- list(); results <- list(); margins <- list(); frames <- list(); response <- list()
for (sp in specs) {
  frame <- make_frame(sp$N, sp$seed)
  d <- answer(respond(frame, sp$n), sp$zero)
  d$N <- sp$N
  frame$responded <- frame$id %in% d$id
  frames[[length(frames) + 1]] <- data.frame(dataset = sp$name, frame)
  for (v in c("region", "size")) {
    fit <- glm(as.formula(paste("responded ~", v)), family = binomial, data = frame)
    response[[length(response) + 1]] <- data.frame(dataset = sp$name, model = v,
      fisher_p = fisher.test(table(frame[[v]], frame$responded), workspace = 2e7)$p.value,
      r_indicator = 1 - 2 * sd(fitted(fit)))
  }
  fit <- glm(responded ~ region + size, family = binomial, data = frame)
  response[[length(response) + 1]] <- data.frame(dataset = sp$name, model = "region+size", fisher_p = NA,
    r_indicator = 1 - 2 * sd(fitted(fit)))
  des <- if (sp$fpc) svydesign(ids = ~1, fpc = ~N, data = d) else svydesign(ids = ~1, probs = ~I(rep(1, nrow(d))), data = d)
  pops <- lapply(sp$vars, function(v) {
    t <- as.data.frame(table(frame[[v]]), stringsAsFactors = FALSE)
    names(t) <- c(v, "Freq")
    t
  })
  for (p in pops) margins[[length(margins) + 1]] <- data.frame(dataset = sp$name, variable = names(p)[1], level = p[[1]], count = p$Freq)
  if (sp$scheme == "poststratify") {
    cal <- postStratify(des, as.formula(paste("~", sp$vars)), pops[[1]])
  } else {
    cal <- rake(des, lapply(sp$vars, function(v) as.formula(paste("~", v))), pops,
                control = list(maxit = 200, epsilon = 1e-13))
  }
  if (!is.null(sp$trim)) cal <- trimWeights(cal, lower = sp$trim[1], upper = sp$trim[2], strict = TRUE)
  d$weight <- weights(cal)
  units[[length(units) + 1]] <- data.frame(dataset = sp$name, scheme = sp$scheme, margins = paste(sp$vars, collapse = "+"),
    fpc = sp$fpc, trim_lower = if (is.null(sp$trim)) NA else sp$trim[1], trim_upper = if (is.null(sp$trim)) NA else sp$trim[2],
    d[, c("id", "region", "size", "y", "asked", "N", "weight")])
  for (scope in c("all", "domain")) {
    ds <- if (scope == "all") cal else subset(cal, asked)
    for (cat in c("a", "b", "c")) {
      ds <- update(ds, ind = as.numeric(y == cat))
      m <- svymean(~ind, ds)
      tt <- svytotal(~ind, ds)
      k <- sum(ds$variables$ind[weights(ds) > 0])
      if (coef(m) > 0 && coef(m) < 1) {
        lg <- as.vector(attr(svyciprop(~ind, ds, method = "logit"), "ci"))
        bt <- as.vector(attr(svyciprop(~ind, ds, method = "beta"), "ci"))
      } else {
        lg <- c(NA, NA); bt <- c(NA, NA)
      }
      results[[length(results) + 1]] <- data.frame(
        dataset = sp$name, scope = scope, category = cat, count = k, n = sum(weights(ds) > 0),
        nrow = nrow(ds), degf = degf(ds), mean = as.vector(coef(m)), se = as.vector(SE(m)), total = as.vector(coef(tt)), se_total = as.vector(SE(tt)),
        logit_lower = lg[1], logit_upper = lg[2], beta_lower = bt[1], beta_upper = bt[2])
    }
  }
}
write.csv(do.call(rbind, units), file.path(out, "r_survey_weighted_units.csv"), row.names = FALSE)
write.csv(do.call(rbind, margins), file.path(out, "r_survey_weighted_margins.csv"), row.names = FALSE)
write.csv(do.call(rbind, frames), file.path(out, "r_survey_weighted_frames.csv"), row.names = FALSE)
write.csv(do.call(rbind, response), file.path(out, "r_survey_response.csv"), row.names = FALSE)
res <- do.call(rbind, results)
write.csv(res, file.path(out, "r_survey_weighted.csv"), row.names = FALSE)

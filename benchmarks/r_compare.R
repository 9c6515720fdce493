#!/usr/bin/env Rscript
# The same intervals as survey-inventory's logit and beta methods, from R's survey::svyciprop
# on the same microdata, timed.
#
#   Rscript benchmarks/r_compare.R DIR
#
# DIR holds what `benchmarks/measure.py r_cells` wrote:
#   cells.csv  one row per (method, item, respondent_type, category): codes ("1|2"), count, base_n,
#              sample_n, population_n, domain, and our ci_lower/ci_upper (percent) and ci_method
#   micro.csv  one row per (item, respondent) of the sample: item, respondent_type, code (NA unless
#              the answer is valid)
# and gets r_results.csv (R's limits per cell, as proportions) and r_timing.csv (seconds per method:
# building the designs and calling svyciprop for every cell; reading the files is not counted).
#
# The design is a simple random sample with a finite population correction,
# svydesign(ids = ~1, fpc = ~N); a routed item (domain = TRUE) is subset(design, answered),
# anything else is a design of the valid answers only, as in survey_inventory.stats.intervals.
suppressPackageStartupMessages(library(survey))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) stop("usage: Rscript r_compare.R DIR")
dir <- args[1]
cells <- read.csv(file.path(dir, "cells.csv"), stringsAsFactors = FALSE)
micro <- read.csv(file.path(dir, "micro.csv"), stringsAsFactors = FALSE,
                  colClasses = c("character", "character", "numeric"))
groups <- split(micro$code, paste(micro$item, micro$respondent_type, sep = "\t"))
rm(micro)

results <- list()
timing <- list()
for (method in unique(cells$method)) {
  todo <- cells[cells$method == method, ]
  key <- paste(todo$item, todo$respondent_type, sep = "\t")
  started <- proc.time()[["elapsed"]]
  lower <- upper <- rep(NA_real_, nrow(todo))
  for (k in unique(key)) {
    rows <- which(key == k)
    code <- groups[[k]]
    first <- todo[rows[1], ]
    domain <- isTRUE(as.logical(first$domain))
    if (!domain) code <- code[!is.na(code)]
    d <- data.frame(code = code)
    for (j in seq_along(rows)) {
      codes <- as.numeric(strsplit(as.character(todo$codes[rows[j]]), "|", fixed = TRUE)[[1]])
      d[[paste0("y", j)]] <- as.numeric(d$code %in% codes)
    }
    N <- first$population_n
    des <- if (is.na(N)) svydesign(ids = ~1, probs = rep(1, nrow(d)), data = d)
           else svydesign(ids = ~1, fpc = rep(N, nrow(d)), data = d)
    if (domain) des <- subset(des, !is.na(code))
    for (j in seq_along(rows)) {
      ci <- tryCatch(svyciprop(as.formula(paste0("~y", j)), des, method = method, level = 0.95),
                     error = function(e) NULL)
      if (!is.null(ci)) {
        lim <- attr(ci, "ci")
        lower[rows[j]] <- lim[[1]]
        upper[rows[j]] <- lim[[2]]
      }
    }
  }
  elapsed <- proc.time()[["elapsed"]] - started
  results[[method]] <- data.frame(method = method, item = todo$item, respondent_type = todo$respondent_type,
                                  category = todo$category, r_lower = lower, r_upper = upper)
  timing[[method]] <- data.frame(method = method, seconds = elapsed, cells = nrow(todo))
}
write.csv(do.call(rbind, results), file.path(dir, "r_results.csv"), row.names = FALSE)
write.csv(do.call(rbind, timing), file.path(dir, "r_timing.csv"), row.names = FALSE)
cat(sprintf("R %s, survey %s\n", getRversion(), packageVersion("survey")))

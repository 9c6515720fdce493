# Reference values for survey_inventory/stats/change_*.py, marginal.py and targets.py.
# Written from the published formulas in base R (no PropCIs / contingencytables), plus the
# survey package for the finite-population t intervals. Run from the repository root:
#   Rscript tests/data/reference/make_change_reference.R
# Writes tests/data/reference/r_change_reference.csv and r_index_reference.csv.
# Convention: paired table [[a, b], [c, d]], rows wave_from yes/no, columns wave_to yes/no;
# change = p_to - p_from = (c - b)/n (a proportion).
suppressPackageStartupMessages(library(survey))
z <- qnorm(0.975)

wilson <- function(k, n) {            # Wilson (1927) score limits
  p <- k / n
  centre <- (p + z^2 / (2 * n)) / (1 + z^2 / n)
  half <- z / (1 + z^2 / n) * sqrt(p * (1 - p) / n + z^2 / (4 * n^2))
  c(max(0, centre - half), min(1, centre + half))
}

newcombe_paired <- function(a, b, c, d) {   # Newcombe (1998) Stat Med 17:2635, method 10
  n <- a + b + c + d
  pf <- (a + b) / n; pt <- (a + c) / n
  wf <- wilson(a + b, n); wt <- wilson(a + c, n)
  prod <- (a + b) * (c + d) * (a + c) * (b + d)
  A <- a * d - b * c
  phi <- if (prod == 0) 0 else if (A > n / 2) (A - n / 2) / sqrt(prod) else if (A >= 0) 0 else A / sqrt(prod)
  est <- pt - pf
  lo <- est - sqrt((pt - wt[1])^2 - 2 * phi * (pt - wt[1]) * (wf[2] - pf) + (wf[2] - pf)^2)
  hi <- est + sqrt((wt[2] - pt)^2 - 2 * phi * (wt[2] - pt) * (pf - wf[1]) + (pf - wf[1])^2)
  c(lo, hi)
}

tango <- function(a, b, c, d) {             # Tango (1998) Stat Med 17:891 score interval
  n <- a + b + c + d
  stat <- function(delta) {
    A <- 2 * n; B <- -b - c + (2 * n - c + b) * delta; C <- -b * delta * (1 - delta)
    q <- (sqrt(B^2 - 4 * A * C) - B) / (2 * A)
    (c - b - n * delta) / sqrt(n * (2 * q + delta * (1 - delta)))
  }
  est <- (c - b) / n
  tol <- 1e-12
  lo <- if (est <= -1) -1 else uniroot(function(x) stat(x) - z, c(-1 + 1e-10, est - 1e-9), tol = tol)$root
  hi <- if (est >= 1) 1 else uniroot(function(x) stat(x) + z, c(est + 1e-9, 1 - 1e-10), tol = tol)$root
  c(lo, hi)
}

newcombe_indep <- function(k1, n1, k2, n2) { # Newcombe (1998) Stat Med 17:873, method 10
  p1 <- k1 / n1; p2 <- k2 / n2
  w1 <- wilson(k1, n1); w2 <- wilson(k2, n2)
  est <- p2 - p1
  c(est - sqrt((p2 - w2[1])^2 + (w1[2] - p1)^2), est + sqrt((w2[2] - p2)^2 + (p1 - w1[1])^2))
}

rows <- list()
set.seed(2026)
paired <- rbind(c(1, 1, 7, 12), c(59, 6, 16, 80), c(3, 0, 2, 4), c(0, 0, 0, 9), c(5, 1, 6, 15),
                c(0, 3, 0, 0), c(0, 0, 3, 0), c(2, 1, 3, 3), c(1, 0, 0, 1), c(12, 2, 0, 0))
for (i in 1:20) paired <- rbind(paired, as.vector(rmultinom(1, sample(5:30, 1), c(0.3, 0.15, 0.2, 0.35))))
for (i in seq_len(nrow(paired))) {
  t <- paired[i, ]
  nc <- newcombe_paired(t[1], t[2], t[3], t[4])
  tg <- if (t[2] + t[3] == 0) c(NA, NA) else tango(t[1], t[2], t[3], t[4])
  rows[[length(rows) + 1]] <- data.frame(kind = "paired", a = t[1], b = t[2], c = t[3], d = t[4],
                                         method = c("newcombe", "tango"), lower = c(nc[1], tg[1]),
                                         upper = c(nc[2], tg[2]))
}
indep <- rbind(c(48, 80, 56, 70), c(3, 10, 9, 10), c(0, 20, 0, 10), c(5, 9, 8, 10), c(0, 9, 9, 9))
for (i in 1:10) { n1 <- sample(3:30, 1); n2 <- sample(3:30, 1)
  indep <- rbind(indep, c(sample(0:n1, 1), n1, sample(0:n2, 1), n2)) }
for (i in seq_len(nrow(indep))) {
  t <- indep[i, ]
  nc <- newcombe_indep(t[1], t[2], t[3], t[4])
  rows[[length(rows) + 1]] <- data.frame(kind = "independent", a = t[1], b = t[2], c = t[3], d = t[4],
                                         method = "newcombe", lower = nc[1], upper = nc[2])
}
out <- do.call(rbind, rows)
write.csv(out, "tests/data/reference/r_change_reference.csv", row.names = FALSE)

# Stuart-Maxwell and Bhapkar from the formulas (Agresti 2013, 11.3)
sm <- function(t) {
  k <- nrow(t); d <- rowSums(t) - colSums(t)
  S <- -(t + t(t)); diag(S) <- rowSums(t) + colSums(t) - 2 * diag(t)
  x2 <- as.numeric(t(d[-k]) %*% solve(S[-k, -k]) %*% d[-k])
  c(x2, x2 / (1 - x2 / sum(t)))
}
sq <- list(matrix(c(3, 1, 0, 0, 4, 2, 1, 0, 2), 3, byrow = TRUE),
           matrix(c(5, 3, 1, 0, 6, 4, 2, 1, 7), 3, byrow = TRUE),
           matrix(c(2, 1, 0, 1, 1, 3, 1, 0, 0, 2, 2, 1, 1, 0, 1, 3), 4, byrow = TRUE))
hom <- do.call(rbind, lapply(seq_along(sq), function(i) {
  v <- sm(sq[[i]]); k <- nrow(sq[[i]])
  data.frame(table = i, cells = paste(as.vector(t(sq[[i]])), collapse = " "), k = k,
             stuart_maxwell = v[1], bhapkar = v[2], df = k - 1,
             p_sm = pchisq(v[1], k - 1, lower.tail = FALSE), p_bhapkar = pchisq(v[2], k - 1, lower.tail = FALSE))
}))
write.csv(hom, "tests/data/reference/r_homogeneity_reference.csv", row.names = FALSE)

# Finite-population t intervals of a mean and of a paired change (survey::svymean, fpc)
idx <- list(c(50, 60, 70, 80, 90), c(12.5, 87.5, 50, 40, 62.5, 75, 30, 55, 45), c(3.2, 4.1, 2.9))
pops <- c(8, 12, 35)
res <- list()
for (i in seq_along(idx)) {
  y <- idx[[i]]
  des <- svydesign(ids = ~1, fpc = rep(pops[i], length(y)), data = data.frame(y = y))
  m <- svymean(~y, des); ci <- confint(m, df = degf(des))
  res[[i]] <- data.frame(kind = "mean", case = i, N = pops[i], values_from = paste(y, collapse = " "),
                         values_to = "", estimate = coef(m), lower = ci[1], upper = ci[2])
}
before <- c(40, 50, 55, 60, 45); after <- c(48, 58, 60, 66, 55)
des <- svydesign(ids = ~1, fpc = rep(12, 5), data = data.frame(d = after - before))
m <- svymean(~d, des); ci <- confint(m, df = degf(des))
res[[length(res) + 1]] <- data.frame(kind = "paired_change", case = 1, N = 12,
                                     values_from = paste(before, collapse = " "),
                                     values_to = paste(after, collapse = " "),
                                     estimate = coef(m), lower = ci[1], upper = ci[2])
write.csv(do.call(rbind, res), "tests/data/reference/r_index_reference.csv", row.names = FALSE)
cat(R.version.string, "; survey", as.character(packageVersion("survey")), "\n")

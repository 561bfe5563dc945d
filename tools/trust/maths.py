"""The fitting maths, numpy only, no I/O (tests/trust/test_maths.py checks it
against hand-computed values). The C++ core applies what this fits
(core/src/postprocess/trust.cpp), so each function mirrors its rule there."""
import numpy as np

# Share of held-back in-domain images the feature (OOD) threshold accepts. 0.97,
# not 0.95, since the colour check (COLOUR_ACCEPTANCE) also rejects some: with
# both, the own test splits keep more (measured in issue 10: 0.95 + colour
# left every model under 95 % own acceptance; 0.97 + colour lifts chest_xray
# and histopathology over it) while other domains stay rejected.
TARGET_ACCEPTANCE = 0.97
COLOUR_ACCEPTANCE = 0.99  # the colour check's share: in domain needs both checks, so it loses little
TARGET_SENSITIVITY = 0.95  # screening: the highest threshold that keeps this sensitivity


# --- probabilities, as the core computes them --------------------------------

def probabilities(logits, temperature=1.0):
    """Softmax of logits / T over the last axis; one logit: the sigmoid of the
    positive class, returned as [1 - p, p] (the core's one-logit binary rule)."""
    z = np.asarray(logits, dtype=np.float64) / temperature
    if z.shape[-1] == 1:
        p = 1.0 / (1.0 + np.exp(-z[..., 0]))
        return np.stack([1.0 - p, p], axis=-1)
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def aggregate(patch_probs, method):
    """One image's probabilities from its patches' [patches, classes], as the
    manifest's patch.aggregate says (core/src/postprocess/patch_aggregation.cpp:
    mean, per-class max as it is, majority_vote = vote shares)."""
    p = np.asarray(patch_probs, dtype=np.float64)
    if method == "mean":
        return p.mean(axis=0)
    if method == "max":
        return p.max(axis=0)
    if method == "majority_vote":
        votes = np.bincount(p.argmax(axis=1), minlength=p.shape[1]).astype(np.float64)
        return votes / votes.sum()
    raise ValueError(f"unknown aggregate '{method}'")


def image_probabilities(samples, temperature, method=None):
    """[images, classes]: each sample is a [classes] logit vector (whole-image
    models) or a [patches, classes] array aggregated by `method`."""
    if method is None:
        return probabilities(np.asarray(samples), temperature)
    return np.stack([aggregate(probabilities(s, temperature), method) for s in samples])


# --- temperature scaling (Guo et al. 2017) -------------------------------------

def nll(probs, labels):
    p = probs[np.arange(len(labels)), labels]
    return float(-np.mean(np.log(np.clip(p, 1e-12, 1.0))))


MIN_TEMPERATURE = 0.25  # see fit_temperature


def fit_temperature(samples, labels, method=None, low=MIN_TEMPERATURE, high=20.0, iterations=80):
    """The T in [low, high] minimising the mean negative log-likelihood of the
    true labels, by golden-section search on log T (the NLL is unimodal in T
    for one softmax; mean aggregation keeps that in practice).

    The lower bound matters when the held-back images are all classified
    correctly: the NLL then falls without end as T -> 0, which would push every
    probability to 1, on images the model gets wrong too. 0.25 at most
    quadruples the logits."""
    labels = np.asarray(labels)

    def loss(log_t):
        return nll(image_probabilities(samples, np.exp(log_t), method), labels)

    a, b = np.log(low), np.log(high)
    ratio = (np.sqrt(5.0) - 1.0) / 2.0
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    fc, fd = loss(c), loss(d)
    for _ in range(iterations):
        if fc < fd:
            b, d, fd = d, c, fc
            c = b - ratio * (b - a)
            fc = loss(c)
        else:
            a, c, fc = c, d, fd
            d = a + ratio * (b - a)
            fd = loss(d)
    return float(np.exp((a + b) / 2.0))


def expected_calibration_error(probs, labels, bins=15):
    """Top-class confidence in `bins` equal-width bins (the last one closed),
    weighted |accuracy - confidence|: the same rule as metrics.h."""
    probs = np.asarray(probs, dtype=np.float64)
    labels = np.asarray(labels)
    if len(labels) == 0:
        return 0.0
    confidence = probs.max(axis=1)
    correct = (probs.argmax(axis=1) == labels).astype(np.float64)
    index = np.minimum((confidence * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        members = index == b
        if members.any():
            total += members.sum() * abs(correct[members].mean() - confidence[members].mean())
    return float(total / len(labels))


# --- out-of-domain statistics (Lee et al. 2018, tied covariance) ---------------

def ledoit_wolf_shrinkage(centred):
    """Ledoit & Wolf (2004) shrinkage intensity towards a scaled identity for the
    covariance of `centred` rows: the data-driven weight that minimises the
    expected Frobenius error. It keeps the covariance invertible and stable with
    fewer samples per class than dims (skin, alzheimer's small classes)."""
    x = np.asarray(centred, dtype=np.float64)
    n, d = x.shape
    s = x.T @ x / n
    mu = np.trace(s) / d
    delta = np.sum((s - mu * np.eye(d)) ** 2) / d
    beta = sum(np.sum((np.outer(row, row) - s) ** 2) for row in x) / (n * n * d)
    return float(min(1.0, beta / delta)) if delta > 0 else 1.0


def fit_domain(features, labels, classes):
    """Class means and the precision (inverse) of the shrunk tied covariance of
    `features` [n, dims] with true `labels`. Returns (means, precision, shrinkage)."""
    x = np.asarray(features, dtype=np.float64)
    labels = np.asarray(labels)
    means = np.stack([x[labels == k].mean(axis=0) for k in range(classes)])
    centred = x - means[labels]
    shrinkage = ledoit_wolf_shrinkage(centred)
    cov = centred.T @ centred / len(x)
    d = cov.shape[0]
    shrunk = (1.0 - shrinkage) * cov + shrinkage * (np.trace(cov) / d) * np.eye(d)
    precision = np.linalg.inv(shrunk)
    return means, (precision + precision.T) / 2.0, shrinkage


def domain_scores(features, means, precision):
    """The smallest squared Mahalanobis distance to a class mean, per row (trust.h)."""
    x = np.asarray(features, dtype=np.float64)
    diffs = x[:, None, :] - np.asarray(means)[None, :, :]
    return np.einsum("nkd,de,nke->nk", diffs, np.asarray(precision), diffs).min(axis=1)


def acceptance_threshold(scores, acceptance=TARGET_ACCEPTANCE):
    """The score at the `acceptance` quantile (linear interpolation): that share
    of these images score at or below it."""
    return float(np.quantile(np.asarray(scores, dtype=np.float64), acceptance))


# --- screening operating point --------------------------------------------------

def screening_point(positive_probs, is_positive, sensitivity=TARGET_SENSITIVITY):
    """The highest threshold t with sensitivity (share of positives with p >= t)
    at least `sensitivity`, and the (sensitivity, specificity) it has here."""
    p = np.asarray(positive_probs, dtype=np.float64)
    pos = np.sort(p[np.asarray(is_positive, dtype=bool)])
    neg = p[~np.asarray(is_positive, dtype=bool)]
    if len(pos) == 0:
        raise ValueError("screening needs positive samples")
    # Keeping the top ceil(s * n) positives at or above t: t is the smallest of them.
    keep = int(np.ceil(sensitivity * len(pos) - 1e-9))
    t = float(pos[len(pos) - keep])
    sens = float(np.mean(pos >= t))
    spec = float(np.mean(neg < t)) if len(neg) else 0.0
    return t, sens, spec


def significant(value, digits=6):
    """A float rounded to `digits` significant digits (compact JSON files)."""
    return float(f"{value:.{digits}g}")

import random

from retrain_lab import mean_shift_z, psi, psi_noise, reference_stats

rng = random.Random(7)
# 100,000 training rows and a new batch of 100,000 whose spend is
# drawn 30 cents higher on average (standard deviation 10 euros).
old = [{"spend": rng.gauss(50.0, 10.0)} for _ in range(100_000)]
new = [rng.gauss(50.3, 10.0) for _ in range(100_000)]
reference = reference_stats(old, ["spend"])["spend"]

diff = sum(new) / len(new) - reference.mean
z = mean_shift_z(reference, new)  # two-sample (Welch): both means are noisy
print(f"difference of the means: {diff:+.3f} euros")
#> difference of the means: +0.313 euros
print(f"Welch z = {z:.1f}; a test with |z| > 3 calls it real: {abs(z) > 3}")
#> Welch z = 7.0; a test with |z| > 3 calls it real: True
shift = psi(reference.values, new)
print(f"PSI = {shift:.3f}; a change worth acting on (PSI >= 0.1): {shift >= 0.1}")
#> PSI = 0.001; a change worth acting on (PSI >= 0.1): False

# PSI has its own noise: small samples of the *same* data reach high values.
for n in (50, 100, 300):
    print(f"{n:>3} rows of the training data itself: PSI above {psi_noise(reference.values, n):.2f} once in 100 draws")
    #>  50 rows of the training data itself: PSI above 0.92 once in 100 draws
    #> 100 rows of the training data itself: PSI above 0.22 once in 100 draws
    #> 300 rows of the training data itself: PSI above 0.07 once in 100 draws

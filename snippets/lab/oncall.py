import textwrap

from retrain_lab.oncall import SCENARIOS, best_plan, lesson, play

# The five on-call scenarios, seed 7: the score (customers served
# correctly minus the cost) of never retraining, of retraining every
# week, and of the best plan in hindsight.
for key, scenario in SCENARIOS.items():
    weeks = scenario.weeks - 1  # one decision after each week but the last
    never = play(key, 7, "K" * weeks).score
    always = play(key, 7, "R" * weeks).score
    best = best_plan(key, 7).score
    print(f"{scenario.title}: never {never:,}, always {always:,}, best {best:,}")
    #> Steady concept drift: never 3,023, always 3,063, best 3,656
    #> A sudden shift: never 3,702, always 3,233, best 4,164
    #> New customers, same rule: never 4,427, always 3,465, best 4,427
    #> Labels arrive late: never 3,023, always 2,810, best 3,256
    #> A broken upstream feature: never 3,248, always 2,217, best 4,262

# What the best move was, and why (the sentence the game ends with):
sentences = [textwrap.fill(lesson(key, 7), 72) for key in SCENARIOS]
print("\n\n".join(sentences))
'''
The best plan in hindsight is to retrain after weeks 4, 6 and 9 (score
3,656), against 3,601 for the best fixed policy (Every 4 weeks): the
rule turns 12 degrees a week, so a model ages steadily and a retrain
every few weeks pays; retraining every week scores 3,063: its 10
retrains cost 1,000 and serve 1,040 more customers correctly than never
retraining (3,023).

The best plan in hindsight is to retrain after week 7 (score 4,164),
against 4,164 for the best fixed policy (Accuracy < 0.85): the rule
jumped once, before week 6, so a retrain as soon as the first labelled
week after the jump shows the drop is worth far more than a schedule:
never retraining scores 3,702, retraining every week 3,233.

The best plan in hindsight is to keep serving every week (score 4,427),
against 4,427 for the best fixed policy (Never retrain): only the inputs
moved and the launch model still follows the rule, so the input-drift
policy's 4 retrains (PSI up to 2.57) bought no accuracy: mean 0.92
against 0.92 for never retraining.

The best plan in hindsight is to retrain after week 9 (score 3,256),
against 3,207 for the best fixed policy (Every 4 weeks): with labels 4
weeks late the dashboard shows a drop a month after it happened and
every retrain learns a rule 48 degrees out of date, so retraining every
week scores 2,810, less than never retraining (3,023), and the accuracy
trigger's 3 retrains score 3,183.

The best plan in hindsight is to hold and alert after week 6 (score
4,262), against 3,248 for the best fixed policy (Never retrain): the PSI
leapt from 0.04 to 8.28 in one week, a jump no population makes: the
pipeline broke, and retraining every week learns the broken input (score
2,217) while holding gets it fixed and the launch model back.
'''

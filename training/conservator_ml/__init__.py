"""Training, evaluation and export of Conservator's restoration models.

Everything here is deterministic given a seed: data sampling, synthetic degradation, weight init and the evaluation
sets, so a card's numbers can be reproduced by re-running the command written in it.
"""

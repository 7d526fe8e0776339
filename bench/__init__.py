"""`make bench`: speed and memory as ratios against a bare baseline run alongside."""

from talentkit.cli import run

run()

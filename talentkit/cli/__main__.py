from talentkit.cli import main

main()

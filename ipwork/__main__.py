from ipwork.cli import main

main()

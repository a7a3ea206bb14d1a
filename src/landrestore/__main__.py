from landrestore.cli import main

main()

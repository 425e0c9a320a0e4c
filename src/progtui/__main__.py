from progtui.cli import main

main()

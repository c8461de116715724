from kuska.cli import main

raise SystemExit(main())

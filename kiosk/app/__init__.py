"""The application layer: one module per use case, over a unit of work of the store.

`kiosk.services.open_services()` is the one entry point; `Services` (in `bootstrap`) joins the
use cases into the object the windows, the command line and the benchmarks call.
"""

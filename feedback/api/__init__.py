"""The HTTP edge: request/response Structs, controllers, error mapping, headers."""

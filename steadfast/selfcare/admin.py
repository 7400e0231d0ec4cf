# No admin pages: everything here is a person's own writing (the operator sees no plaintext).

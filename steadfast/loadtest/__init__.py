"""Load data and benchmark helpers: `seed_load` fills the database with many couples'
realistic history, and the benchmark mints logged-in sessions for them."""

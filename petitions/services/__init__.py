"""Write services of citizen initiatives (one module per aggregate step)."""

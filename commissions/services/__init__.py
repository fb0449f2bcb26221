"""Write services of the commissions module, one module per aggregate."""

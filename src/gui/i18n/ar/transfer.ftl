# transfer

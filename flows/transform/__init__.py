"""Pure transforms over Polars frames: parsed records in, warehouse-shaped frames out."""

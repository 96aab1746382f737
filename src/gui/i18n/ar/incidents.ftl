# incidents

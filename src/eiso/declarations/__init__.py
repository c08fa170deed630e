"""Declarations of conformity (Công bố HTQLCL phù hợp TCVN ISO 9001:2015): the
public page of the published ones and their downloads."""

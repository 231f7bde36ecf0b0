"""Face: finding, checking and comparing faces (dlib through face_recognition, CPU only)."""

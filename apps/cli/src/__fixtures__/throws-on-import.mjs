throw new Error('database URL is not set');

package dev.basalt.runtime.config;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Sees the resources and classes of every plugin class loader at once, so that {@code reference.conf} files,
 * presets and {@link java.util.ServiceLoader} services from jars in plugin directories are found like those on
 * the class path.
 */
public final class ResourceUnionLoader extends ClassLoader {

    private final List<ClassLoader> loaders;

    public ResourceUnionLoader(List<ClassLoader> loaders) {
        super("basalt-resources", ResourceUnionLoader.class.getClassLoader());
        this.loaders = List.copyOf(loaders);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        for (ClassLoader loader : loaders) {
            try {
                return loader.loadClass(name);
            } catch (ClassNotFoundException notThere) {
                // try the next plugin
            }
        }
        throw new ClassNotFoundException(name);
    }

    @Override
    public URL getResource(String name) {
        for (ClassLoader loader : loaders) {
            URL url = loader.getResource(name);
            if (url != null) {
                return url;
            }
        }
        return super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        Set<URL> urls = new LinkedHashSet<>(Collections.list(super.getResources(name)));
        for (ClassLoader loader : loaders) {
            urls.addAll(Collections.list(loader.getResources(name)));
        }
        return Collections.enumeration(urls);
    }
}
